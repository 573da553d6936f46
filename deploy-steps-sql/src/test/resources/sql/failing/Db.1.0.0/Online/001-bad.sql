CREATE TABLE T_Kept (Id INT);
INSERT INTO T_Kept (Id) VALUES (1);

-- the next statement starts on line 5
INSERT INTO T_Missing_Table (Id)
VALUES (1);

CREATE TABLE T_Restored (Id INT PRIMARY KEY, Name VARCHAR(50));
INSERT INTO T_Restored VALUES (1, 'from backup');

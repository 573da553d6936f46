CREATE TABLE T_Half (Id INT);
INSERT INTO T_Half (Id) VALUES (1);
INSERT INTO T_Half (Id) VALUES ('not a number');

CREATE TABLE T_DocsReport (Id INT PRIMARY KEY, Title VARCHAR(200));
INSERT INTO T_DocsReport VALUES (1, 'Orders by day');

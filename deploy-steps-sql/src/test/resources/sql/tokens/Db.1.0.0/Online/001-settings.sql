CREATE TABLE T_Setting (Name VARCHAR(100) PRIMARY KEY, Value VARCHAR(100));
INSERT INTO T_Setting (Name, Value) VALUES ('system', '$(Product.SystemName)');

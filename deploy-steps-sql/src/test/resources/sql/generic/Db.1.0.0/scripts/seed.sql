INSERT INTO T_Setting (Name, Val) VALUES ('system', '$(Product.SystemName)');

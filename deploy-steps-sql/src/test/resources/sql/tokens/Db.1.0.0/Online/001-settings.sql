CREATE TABLE T_Setting (Name VARCHAR(100) PRIMARY KEY, SettingValue VARCHAR(100));
INSERT INTO T_Setting (Name, SettingValue) VALUES ('system', '$(Product.SystemName)');

INSERT INTO T_Customer (Id, Name) VALUES (1, 'O''Brien; Ltd');
INSERT INTO T_Customer (Id, Name) VALUES (2, 'Semi;colon "quoted"');
INSERT INTO T_Customer (Id, Name) VALUES (3, 'Line
break')

INSERT INTO T_Product (Id, Name) VALUES (2, 'Report widget');

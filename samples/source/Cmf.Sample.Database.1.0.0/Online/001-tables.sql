-- The sample schema's first version.
CREATE TABLE T_Product (
    Id INT PRIMARY KEY,
    Name VARCHAR(100) NOT NULL
);
INSERT INTO T_Product (Id, Name) VALUES (1, 'Widget; the original');

-- Tables of the sample; a ';' in this comment does not split anything.
CREATE TABLE T_Customer (
    Id INT PRIMARY KEY,
    Name VARCHAR(100) NOT NULL /* a block comment; with a semicolon */
);

CREATE TABLE T_Counter (Id INT PRIMARY KEY);

content of a.sql

content of Online/001-tables.sql

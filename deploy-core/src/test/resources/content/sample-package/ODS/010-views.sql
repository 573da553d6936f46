content of ODS/010-views.sql

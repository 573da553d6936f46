content of Online/002-views.sql

"""The back office's forms, one module per page module: the forms of office/views/X.py are in X.py here;
fields.py holds the fields they share."""

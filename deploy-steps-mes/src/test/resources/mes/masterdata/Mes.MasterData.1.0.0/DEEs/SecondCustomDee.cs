// DEE: runs second
UseReference("Cmf.Navigo.BusinessObjects.dll", "");

// DEE: runs first
UseReference("Cmf.Foundation.BusinessObjects.dll", "");

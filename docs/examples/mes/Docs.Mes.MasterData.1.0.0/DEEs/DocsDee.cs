// DEE run when DOCS-M-100 is tracked in
UseReference("Cmf.Navigo.BusinessObjects.dll", "Cmf.Navigo.BusinessObjects");

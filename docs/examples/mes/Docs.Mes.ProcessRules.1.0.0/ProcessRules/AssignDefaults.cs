namespace Cmf.Custom.Docs.Rules
{
    /// <summary>A process rule of the docs: fills in defaults when a material is created.</summary>
    public class AssignDefaults
    {
        public void Run() { }
    }
}

namespace Cmf.Custom.Docs.Rules.Tracking
{
    /// <summary>A process rule of the docs: checks a material as it is tracked in.</summary>
    public class CheckIn
    {
        public void Run() { }
    }
}

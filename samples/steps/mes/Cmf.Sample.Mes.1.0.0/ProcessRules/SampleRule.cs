namespace Cmf.Custom.Sample.Rules
{
    /// <summary>A sample process rule: logs that the sample package was deployed.</summary>
    public class SampleRule
    {
        public void Run() { }
    }
}

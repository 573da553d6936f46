namespace Cmf.Custom.Rules
{
    public class ARule { }
}

namespace Cmf.Custom.Rules
{
    public class BRule { }
}

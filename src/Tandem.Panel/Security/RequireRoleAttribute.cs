using Tandem.State.Admin;

namespace Tandem.Panel.Security;

/// <summary>
/// The role a page's POST handler needs. A handler without it needs <see cref="AdminRole.Administrator"/>: a forgotten
/// attribute fails closed. Reading a page needs <see cref="AdminRole.Viewer"/> unless the page class says more.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class RequireRoleAttribute(AdminRole role) : Attribute
{
    public AdminRole Role { get; } = role;
}

global using Fortress.Application;
global using Fortress.IO.Contracts;
global using Fortress.IO.Files;
global using Fortress.Views;
global using Fortress.Web.Access;

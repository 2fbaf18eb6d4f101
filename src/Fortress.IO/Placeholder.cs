namespace Fortress.IO; internal static class Placeholder {}

// Deploy map only (deno.jsonc "scopes"): what deno-slack-api@2.8.0's deps.ts imports from
// std@0.67.0/fs. The API client re-exports `emptyDir` and `ensureDir` for its code generator and
// never calls them (tests/bundle_imports_test.ts reads its sources to keep that true), but
// std@0.67.0/path picks win32 or posix at load time, a top-level statement no bundler can drop:
// ~31 KB of std in every function bundle, for nothing. Functions have no file system on Slack
// (PLATFORM.md 3.4), so these fail loudly if anything ever calls them.

function unavailable(name: string): never {
  throw new Error(
    `${name} is not available in a function bundle: deno.jsonc maps deno-slack-api's std fs to this stand-in`,
  );
}

export function emptyDir(_dir: string | URL): Promise<void> {
  return Promise.resolve().then(() => unavailable("emptyDir"));
}

export function ensureDir(_dir: string): Promise<void> {
  return Promise.resolve().then(() => unavailable("ensureDir"));
}

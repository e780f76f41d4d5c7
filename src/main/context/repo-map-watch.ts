// Keeps a repository map current from the workspace watcher: every changed path is invalidated, so the
// next refresh() re-parses only those files (a .gitignore change makes it rebuild), never rescans.
import type { WorkspaceWatcher } from '../workspace/watcher.js';
import type { RepoMap } from './repo-map.js';

/** Returns the unsubscribe function. */
export function keepRepoMapCurrent(
  watcher: Pick<WorkspaceWatcher, 'onChange'>,
  map: Pick<RepoMap, 'invalidate'>,
) {
  return watcher.onChange((changes) => {
    for (const change of changes) map.invalidate(change.rel);
  });
}

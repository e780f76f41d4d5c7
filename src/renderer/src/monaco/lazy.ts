// Monaco is loaded on first use only, so the first paint never waits for it.
import { lazy } from 'react';

export const LazyCodeViewer = lazy(() => import('./CodeViewer'));
export const LazyDiffView = lazy(() => import('./DiffView'));

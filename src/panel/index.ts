/** Pure panel logic (no DOM): settings, render protocol, presentation, timeline view. */
export * from './types';
export * from './settings';
export * from './present';
export * from './timeline-view';
export { WorkerRenderService, type WorkerLike } from './worker-client';
export * from './csinterface';
export { HostBridge, HostTimeoutError, evalScriptAsync, PROJECT_PATH_SCRIPT, type BridgeOptions } from './bridge';
export { themeFrom, cssColor, type ThemeColors } from './theme';
export { lastRender, rememberRender, sidecarRoots, sequenceKey, nodeSidecarFs, parseSidecar, SIDECAR_NAME, type RenderEntry, type SidecarFs, type NodeFsLike } from './sidecar';

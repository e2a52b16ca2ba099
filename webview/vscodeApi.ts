/**
 * The host connection. In VS Code the page has `acquireVsCodeApi()`; in the standalone HTML
 * report (and anywhere else without a host) a shim keeps state in memory and drops messages.
 */
import type { WebviewToHost } from '../src/shared/panelProtocol';

export interface HostApi {
  /** False in the standalone report: no form, no buttons that need a host. */
  readonly hasHost: boolean;
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function connectHost(): HostApi {
  if (typeof acquireVsCodeApi === 'function') {
    const api = acquireVsCodeApi();
    return {
      hasHost: true,
      postMessage: (m) => api.postMessage(m),
      getState: () => api.getState(),
      setState: (s) => api.setState(s),
    };
  }
  let state: unknown = undefined;
  return {
    hasHost: false,
    postMessage: () => undefined,
    getState: () => state,
    setState: (s) => (state = s),
  };
}

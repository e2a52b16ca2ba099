/**
 * How the extension names and finds what a model argument refers to: an ONNX file's path, or a
 * synthetic model's spec (`synthetic:…`), which has no file.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { isSyntheticModelRef } from '../shared/syntheticModel';

/** The model file a model argument names; undefined for a synthetic model, which has no file. */
export function fileUriOf(ref: string): vscode.Uri | undefined {
  return isSyntheticModelRef(ref) ? undefined : vscode.Uri.file(ref);
}

/** How titles name a model: the file's name, or a synthetic model's whole spec. */
export function modelName(ref: string): string {
  return isSyntheticModelRef(ref) ? ref : path.basename(ref);
}

/** Resolves true once `file` exists (polling), false after `ms`. */
export async function waitForFile(file: string, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!fs.existsSync(file)) {
    if (Date.now() >= end) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
  return true;
}

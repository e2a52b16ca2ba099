/**
 * The view's Delete: a modal confirmation naming the files, then a move to the trash. Where the
 * file system has no trash (a remote or web workbench's file service refuses `useTrash`), the
 * user is asked again before a permanent delete, as the Explorer does.
 */
import * as path from 'path';
import * as vscode from 'vscode';

/**
 * Deletes `files` after the user confirmed; resolves with the files actually deleted (none when
 * the user cancelled). Failures are shown, not thrown.
 */
export async function deleteProfileFiles(files: readonly string[]): Promise<string[]> {
  if (files.length === 0) return [];
  const names = files.map((f) => path.basename(f));
  const confirm = await vscode.window.showWarningMessage(
    files.length === 1 ? `Delete "${names[0]}"?` : `Delete ${files.length} files?`,
    {
      modal: true,
      detail: `${files.length === 1 ? files[0] : names.join('\n')}\n\nThe file${files.length === 1 ? ' is' : 's are'} moved to the trash.`,
    },
    'Delete',
  );
  if (confirm !== 'Delete') return [];
  const deleted: string[] = [];
  let permanentlyAllowed = false;
  for (const file of files) {
    const uri = vscode.Uri.file(file);
    try {
      await vscode.workspace.fs.delete(uri, { useTrash: true });
      deleted.push(file);
      continue;
    } catch (err) {
      if (!/trash/i.test((err as Error).message)) {
        void vscode.window.showErrorMessage(`Could not delete ${file}: ${(err as Error).message}`);
        continue;
      }
    }
    // No trash here: ask once for all the remaining files.
    if (!permanentlyAllowed) {
      const again = await vscode.window.showWarningMessage(
        `"${path.basename(file)}" cannot be moved to the trash here. Delete it permanently?`,
        { modal: true, detail: `${file}\n\nThis cannot be undone.` },
        'Delete Permanently',
      );
      if (again !== 'Delete Permanently') break;
      permanentlyAllowed = true;
    }
    try {
      await vscode.workspace.fs.delete(uri, { useTrash: false });
      deleted.push(file);
    } catch (err) {
      void vscode.window.showErrorMessage(`Could not delete ${file}: ${(err as Error).message}`);
    }
  }
  return deleted;
}

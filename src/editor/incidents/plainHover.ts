import * as vscode from 'vscode';

/**
 * A hover of remote text: every line appended as text (markdown characters escaped),
 * never trusted, no HTML, no theme icons, so a title cannot become a link, a command
 * or markup. The first line is the heading.
 */
export function plainHover(lines: readonly string[]): vscode.MarkdownString {
  const hover = new vscode.MarkdownString(undefined, false);
  hover.isTrusted = false;
  hover.supportHtml = false;
  lines.forEach((line, index) => {
    if (index > 0) hover.appendMarkdown('\n\n');
    if (index === 0) hover.appendMarkdown('**');
    hover.appendText(line);
    if (index === 0) hover.appendMarkdown('**');
  });
  return hover;
}

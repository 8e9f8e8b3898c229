import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

/**
 * CodeMirror's default light highlight style, with the three colours that miss WCAG AA's
 * 4.5:1 on white (or on the active line's tint) darkened: regexps and escapes (#e40, 3.8:1),
 * invalid tokens (#f00, 4.0:1) and type names (#085, 4.5:1 on white, 4.3:1 on the active
 * line). A full style, not an override: basicSetup adds the default only as a fallback,
 * which any other highlighter replaces.
 */
export const codeHighlighting = syntaxHighlighting(
  HighlightStyle.define([
    { tag: t.meta, color: '#404740' },
    { tag: t.link, textDecoration: 'underline' },
    { tag: t.heading, textDecoration: 'underline', fontWeight: 'bold' },
    { tag: t.emphasis, fontStyle: 'italic' },
    { tag: t.strong, fontWeight: 'bold' },
    { tag: t.strikethrough, textDecoration: 'line-through' },
    { tag: t.keyword, color: '#708' },
    { tag: [t.atom, t.bool, t.url, t.contentSeparator, t.labelName], color: '#219' },
    { tag: [t.literal, t.inserted], color: '#164' },
    { tag: [t.string, t.deleted], color: '#a11' },
    { tag: [t.regexp, t.escape, t.special(t.string)], color: '#b93800' },
    { tag: t.definition(t.variableName), color: '#00f' },
    { tag: t.local(t.variableName), color: '#30a' },
    { tag: [t.typeName, t.namespace], color: '#07704a' },
    { tag: t.className, color: '#167' },
    { tag: [t.special(t.variableName), t.macroName], color: '#256' },
    { tag: t.definition(t.propertyName), color: '#00c' },
    { tag: t.comment, color: '#940' },
    { tag: t.invalid, color: '#c00' },
  ]),
);

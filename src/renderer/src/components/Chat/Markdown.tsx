// The assistant's markdown through react-markdown and GFM. Raw HTML in the text is shown as text, never
// parsed (no rehype-raw); links open only through the confirmation, images are never fetched. Every
// block but the last is memoised, so a streamed token re-parses only the block it extends.
import { memo, useMemo, type ReactNode } from 'react';
import ReactMarkdown, { type Components, type ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { splitMarkdownBlocks } from '../../lib/markdown-blocks';
import { webLink } from '../../lib/web-link';
import { CodeBlock } from './CodeBlock';
import { ExternalLink } from './LinkConfirm';
import '../../styles/markdown.css';

type HastNode = NonNullable<ExtraProps['node']>['children'][number];

function textOf(node: HastNode): string {
  if (node.type === 'text') return node.value;
  return 'children' in node ? node.children.map(textOf).join('') : '';
}

/** A fenced or indented block: `pre > code.language-x`, rendered from the tree, not the React children. */
function Pre({ node }: ExtraProps): ReactNode {
  const code = node?.children[0];
  if (!code || code.type !== 'element' || code.tagName !== 'code') return <pre>{node && textOf(node)}</pre>;
  const classes = code.properties.className;
  const langClass = Array.isArray(classes)
    ? classes.find((c) => typeof c === 'string' && c.startsWith('language-'))
    : undefined;
  const lang = typeof langClass === 'string' ? langClass.slice('language-'.length) : '';
  // mdast keeps the fence's last newline out; a still-open fence may end in one.
  return <CodeBlock code={textOf(code).replace(/\n$/, '')} lang={lang} />;
}

const COMPONENTS: Components = {
  pre: Pre,
  a: ({ href, children }) => <ExternalLink href={href}>{children}</ExternalLink>,
  // Never fetched (the CSP allows no remote images anyway): the alt text, and a link to it when http(s).
  img: ({ src, alt }) => {
    const label = (
      <span className="md-image" data-testid="md-image">{`[image: ${alt || 'no description'}]`}</span>
    );
    return typeof src === 'string' && webLink(src) ? <ExternalLink href={src}>{label}</ExternalLink> : label;
  },
  table: ({ children }) => (
    <div className="md-table-wrap">
      <table>{children}</table>
    </div>
  ),
};

const REMARK_PLUGINS = [remarkGfm];

/** Only http(s) survives into the tree; any other address becomes empty and its link inert. */
function keepWebUrls(url: string): string {
  return webLink(url) ?? '';
}

const MarkdownBlock = memo(function MarkdownBlock({ source }: { source: string }) {
  return (
    <ReactMarkdown remarkPlugins={REMARK_PLUGINS} components={COMPONENTS} urlTransform={keepWebUrls}>
      {source}
    </ReactMarkdown>
  );
});

const Markdown = memo(function Markdown({ text }: { text: string }) {
  const blocks = useMemo(() => splitMarkdownBlocks(text), [text]);
  return (
    <div className="markdown" data-testid="markdown">
      {blocks.map((source, i) => (
        <MarkdownBlock key={i} source={source} />
      ))}
    </div>
  );
});

// A default export for React.lazy.
export default Markdown;

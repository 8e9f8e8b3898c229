import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/styles';
import { StatusPage } from '@/components/ui/status-page';

export const metadata: Metadata = { title: 'Page not found' };

// Unmatched URLs, and notFound() outside a workspace the visitor belongs to: a
// foreign or unknown workspace gets this same page as a mistyped URL, so its
// existence is not revealed (no shell, no name, no role).
export default function NotFound() {
  return (
    <main id="main" className="p-6">
      <StatusPage
        eyebrow="404"
        title="Page not found"
        actions={
          <Link href="/" className={buttonClass.primary}>
            Go to the console
          </Link>
        }
      >
        <p>This page does not exist, or you do not have access to it.</p>
      </StatusPage>
    </main>
  );
}

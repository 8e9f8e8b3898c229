'use client';
import './globals.css';
import { ErrorNotice } from '@/components/ui/error-notice';

// The root layout itself failed: this replaces it, so it brings its own <html> and styles.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <main id="main" className="p-6">
          <ErrorNotice error={error} retry={retry} />
        </main>
      </body>
    </html>
  );
}

'use client';
import { ErrorNotice } from '@/components/ui/error-notice';

// Errors outside a workspace (account pages, sign-in, workspace creation), inside the root layout.
export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main id="main" className="p-6">
      <ErrorNotice error={error} retry={retry} />
    </main>
  );
}

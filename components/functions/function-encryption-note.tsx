import Link from 'next/link';

/** The Data Encryption tab of a Destination Function instance: nothing to switch on, the code decides. */
export function FunctionEncryptionNote({ workspaceId, destinationId }: { workspaceId: string; destinationId: string }) {
  return (
    <section aria-labelledby="fn-encryption-heading" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="fn-encryption-heading" className="text-lg font-semibold">
        Data Encryption
      </h2>
      <p role="note" className="mt-2 text-sm text-slate-800">
        {
          "A Destination Function has no built-in encryption: the function's code decides what leaves. Remove, hash or encrypt fields in the code, and check its output on the Preview tab."
        }
      </p>
      <p className="mt-3 text-sm">
        <Link
          prefetch={false}
          href={`/w/${workspaceId}/destinations/${destinationId}/preview`}
          className="text-brand-700 hover:underline"
        >
          Open the Preview tab
        </Link>
      </p>
    </section>
  );
}

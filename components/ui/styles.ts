// Class names shared by server and client components. Not in a 'use client' module: a server
// component importing a plain value from one gets a client reference (undefined here), which is
// how the destinations page's "Add destination" link once rendered unstyled.
export const buttonClass = {
  primary: 'rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50',
  secondary: 'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50 disabled:opacity-50',
  danger: 'rounded-md bg-red-600 px-3 py-2 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-50',
};
export const inputClass = 'mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm';

// The tracking API's route modules, by path, for the test HTTP server.
import { POST as track } from '@/app/v1/track/route';
import { POST as identify } from '@/app/v1/identify/route';
import { POST as page } from '@/app/v1/page/route';
import { POST as screen } from '@/app/v1/screen/route';
import { POST as group } from '@/app/v1/group/route';
import { POST as alias } from '@/app/v1/alias/route';
import { POST as batch } from '@/app/v1/batch/route';
import { POST as importRoute } from '@/app/v1/import/route';

import { NextRequest } from 'next/server';

const routes = {
  '/v1/track': track,
  '/v1/identify': identify,
  '/v1/page': page,
  '/v1/screen': screen,
  '/v1/group': group,
  '/v1/alias': alias,
  '/v1/batch': batch,
  '/v1/import': importRoute,
};

// Called as Next calls them: a NextRequest and (empty) route params.
export const byPath: Record<string, (req: Request) => Promise<Response>> = Object.fromEntries(
  Object.entries(routes).map(([p, handler]) => [
    p,
    (req: Request) => handler(new NextRequest(req), { params: Promise.resolve({}) }),
  ]),
);

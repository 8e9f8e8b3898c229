// Test-only secrets so server modules can run; never used outside tests.
process.env.APP_ENCRYPTION_KEY ||= '00'.repeat(32);
process.env.NEXTAUTH_SECRET ||= 'test-nextauth-secret-not-for-production';
process.env.LOG_LEVEL ||= 'silent';

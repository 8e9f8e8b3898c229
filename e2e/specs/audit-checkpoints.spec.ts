// Signed checkpoints on the Audit Log page: "Verify integrity" checks the chain
// against its checkpoints, signs it, and says when the last checkpoint was made
// and where it went (the database and the run's checkpoint file).
import { test, expect } from '../fixtures';
import { AuditPage } from '../pages/audit-page';

test('verify integrity signs the log and shows the last checkpoint and where it went', async ({
  signedIn,
  workspaceIds,
}) => {
  const { page } = await signedIn('compliance');
  const audit = new AuditPage(page);
  await audit.goto(workspaceIds.sunshine);
  await expect(audit.checkpointStatus).toHaveText(/No signed checkpoint of this log yet|Last signed checkpoint/);

  const before = Date.now();
  await audit.verify.click();
  await expect(audit.verifyResult).toContainText(/Intact: [\d,]+ events checked/);
  await expect(audit.checkpointStatus).toHaveText(
    /^Last signed checkpoint: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(event #\d+\), kept in the database and the checkpoint file \(.*audit-checkpoints\.jsonl\)\.$/,
  );
  const signedAt = await audit.checkpointStatus.locator('time').getAttribute('datetime');
  expect(Date.parse(signedAt!)).toBeGreaterThanOrEqual(before - 60_000);

  // A second verification also matches the checkpoint the first one made.
  await audit.verify.click();
  await expect(audit.verifyResult).toContainText(/matching [\d,]+ signed checkpoints/);
});

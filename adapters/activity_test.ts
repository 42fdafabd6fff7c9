/** activityRow(): what an admin reads for a recorded error, in their language. */
import assert from "node:assert/strict";
import { t } from "../domain/i18n/mod.ts";
import { FIX_FOR_CODE, REMEDIATION } from "../domain/i18n/remediation.ts";
import { activityRow } from "./activity.ts";

const BLOCKED = {
  kind: "error" as const,
  source: "webinar",
  code: "platform_domain_not_allowed",
  detail: "A reply could not be delivered: api.example.com is not among the app's outgoing domains",
  // The reply relay proposes its generic fix for failure codes it has no fix of its own for.
  remediation: "platform_rejected" as const,
  remediationParams: { code: "api.example.com is not among the app's outgoing domains" },
  id: "relay_failed:reply:C1:1.2",
};

Deno.test("activityRow(): a blocked outgoing domain gets the redeploy fix, whatever fix the recorder proposed", () => {
  for (const locale of ["en", "fr"] as const) {
    const row = activityRow(BLOCKED, locale, 1_000);
    assert.equal(
      row.remediation,
      t(locale, REMEDIATION.platform_domain_not_allowed, BLOCKED.remediationParams),
    );
    assert.match(row.remediation!, /deploy_config\.json/);
    assert.match(row.remediation!, /api\.example\.com/);
  }
});

Deno.test("activityRow(): other codes keep the fix their recorder chose", () => {
  const row = activityRow({ ...BLOCKED, code: "platform_unknown_attendee" }, "en", 1_000);
  assert.equal(
    row.remediation,
    t("en", REMEDIATION.platform_rejected, BLOCKED.remediationParams),
  );
  for (const fix of Object.values(FIX_FOR_CODE)) assert.ok(fix in REMEDIATION, fix);
});

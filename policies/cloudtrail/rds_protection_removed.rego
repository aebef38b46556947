# METADATA
# title: Database deletion protection or automated backups were removed
# description: |
#   A successful ModifyDBInstance/ModifyDBCluster setting deletionProtection false or
#   backupRetentionPeriod 0, or DeleteDBInstanceAutomatedBackup/DeleteDBClusterAutomatedBackup.
# custom:
#   id: CT-RDS-PROTECTION-REMOVED
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.308(a)(7)(i)", "hipaa:164.308(a)(7)(ii)(A)", "hipaa:164.308(a)(7)(ii)(B)", "hipaa:164.308(a)(7)(ii)(C)", "hipaa:164.310(d)(2)(iv)", "hipaa:164.312(a)(2)(ii)", "gxp-part11:11.10", "gxp-part11:11.10(a)", "gxp-part11:11.10(c)", "gxp-part11:11.10(e)", "gxp-annex11:4.8", "gxp-annex11:5", "gxp-annex11:7.1", "gxp-annex11:7.2", "gxp-annex11:16", "gxp-annex11:17"]
#   remediation: "Turn deletion protection back on and set a backup retention period that meets the record-retention policy (aws rds modify-db-instance --deletion-protection --backup-retention-period N), managed from infrastructure code."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.rds_protection_removed

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "requestParameters.deletionProtection"} if {
	some r in ct.records
	ct.call(r, "rds.amazonaws.com", {"ModifyDBInstance", "ModifyDBCluster"})
	p := ct.params(r)
	ct.falsy(p.deletionProtection)
	msg := sprintf("%s turned off deletion protection of database %q; turn it back on", [ct.describe(r), _db(p)])
}

violation contains {"msg": msg, "path": "requestParameters.backupRetentionPeriod"} if {
	some r in ct.records
	ct.call(r, "rds.amazonaws.com", {"ModifyDBInstance", "ModifyDBCluster"})
	p := ct.params(r)
	ct.number(p.backupRetentionPeriod) == 0
	msg := sprintf("%s disabled automated backups of database %q (backupRetentionPeriod 0); set a retention period again", [ct.describe(r), _db(p)])
}

violation contains {"msg": msg, "path": "eventName"} if {
	some r in ct.records
	ct.call(r, "rds.amazonaws.com", {"DeleteDBInstanceAutomatedBackup", "DeleteDBClusterAutomatedBackup"})
	p := ct.params(r)
	id := object.get(p, "dbiResourceId", object.get(p, "dbClusterResourceId", object.get(p, "dBInstanceAutomatedBackupsArn", "?")))
	msg := sprintf("%s deleted the retained automated backups of %q; confirm this was an approved disposal", [ct.describe(r), id])
}

_db(p) := object.get(p, "dBInstanceIdentifier", object.get(p, "dBClusterIdentifier", "?"))

{{/* Chart name, overridable. */}}
{{- define "integration-service.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name (max 63). CronJob names add a store and job; see cronJobName. */}}
{{- define "integration-service.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "integration-service.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "integration-service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "integration-service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "integration-service.labels" -}}
helm.sh/chart: {{ include "integration-service.chart" . }}
{{ include "integration-service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: integration-service
{{- end }}

{{- define "integration-service.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "integration-service.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "integration-service.secretName" -}}
{{- default (include "integration-service.fullname" .) .Values.secret.existingSecret }}
{{- end }}

{{- define "integration-service.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The two scheduled jobs: subcommand => values key under .Values.jobs. */}}
{{- define "integration-service.jobKeys" -}}
sync-to-shopify: syncToShopify
sync-orders: syncOrders
{{- end }}

{{/* Secret key of a store's Shopify token. Arg: the store. */}}
{{- define "integration-service.accessTokenKey" -}}
{{- default (printf "shopify-access-token-%s" .name) .accessTokenKey }}
{{- end }}

{{/*
CronJob name, at most 52 characters (the CronJob controller appends an 11-character suffix to
make Job names). "<fullname>-<store>-<job>"; when too long, the "<fullname>-<store>" part is cut
and gets '-' + 8 hex of its sha256, so two long names still differ.
Args: dict "root" $ "store" <store> "job" <subcommand>.
*/}}
{{- define "integration-service.cronJobName" -}}
{{- $base := printf "%s-%s" (include "integration-service.fullname" .root) .store.name }}
{{- $max := int (sub 51 (len .job)) }}
{{- if gt (len $base) $max }}
{{- $base = printf "%s-%s" (trunc (int (sub $max 9)) $base | trimSuffix "-") (sha256sum $base | trunc 8) }}
{{- end }}
{{- printf "%s-%s" $base .job }}
{{- end }}

{{/*
Name of a manually created Job: "<cronjob>-manual-<10-digit epoch>" must stay a 63-character
label value (Job names become the job-name label), so the CronJob part is cut to 45.
Arg: the CronJob name.
*/}}
{{- define "integration-service.manualJobPrefix" -}}
{{- printf "%s-manual" (trunc 45 . | trimSuffix "-") }}
{{- end }}

{{/*
Lease (lock) name of one job for one shop. src/app/jobs/lock-name.ts implements the same
algorithm; keep them identical: lowercase, anything outside [a-z0-9-] becomes '-', the shop slug
drops ".myshopify.com"; names over 63 characters are cut to 54 and get '-' + the first 8 hex
characters of sha256 of the full (sanitised) name.
Args: dict "shop" <shop domain> "job" <subcommand>.
*/}}
{{- define "integration-service.leaseName" -}}
{{- $slug := .shop | lower | trimSuffix ".myshopify.com" }}
{{- $name := regexReplaceAll "[^a-z0-9-]" (printf "integration-service-%s-%s" .job $slug | lower) "-" }}
{{- if gt (len $name) 63 }}
{{- printf "%s-%s" (trunc 54 $name) (sha256sum $name | trunc 8) }}
{{- else }}
{{- $name }}
{{- end }}
{{- end }}

{{/* values key => environment variable, for config and stores[].config. */}}
{{- define "integration-service.envNames" -}}
shopifyApiVersion: SHOPIFY_API_VERSION
apixBaseUrl: APIX_BASE_URL
pushgatewayUrl: PUSHGATEWAY_URL
lockBackend: LOCK_BACKEND
lockLeaseSeconds: LOCK_LEASE_SECONDS
logLevel: LOG_LEVEL
syncArchiveStatus: SYNC_ARCHIVE_STATUS
syncBulkThreshold: SYNC_BULK_THRESHOLD
syncMaxFailureRatio: SYNC_MAX_FAILURE_RATIO
syncMaxArchiveRatio: SYNC_MAX_ARCHIVE_RATIO
syncFullDeletionCheckHours: SYNC_FULL_DELETION_CHECK_HOURS
shopifyConcurrency: SHOPIFY_CONCURRENCY
ordersBackfillDays: ORDERS_BACKFILL_DAYS
ordersOverlapSeconds: ORDERS_OVERLAP_SECONDS
ordersPushConcurrency: ORDERS_PUSH_CONCURRENCY
ordersMaxAttempts: ORDERS_MAX_ATTEMPTS
ordersSkipTest: ORDERS_SKIP_TEST
apixTimeoutMs: APIX_TIMEOUT_MS
shutdownTimeoutSeconds: SHUTDOWN_TIMEOUT_SECONDS
{{- end }}

{{/*
A config value as an environment variable string. Helm reads numbers as float64, which would
print 2000000 as "2e+06"; whole numbers are printed as integers.
*/}}
{{- define "integration-service.envValue" -}}
{{- if and (kindIs "float64" .) (eq . (floor .)) }}
{{- int64 . | toString }}
{{- else }}
{{- toString . }}
{{- end }}
{{- end }}

{{/* restricted pod security, volumes and scheduling shared by every pod. Arg: root. */}}
{{- define "integration-service.podCommon" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
{{- end }}

{{- define "integration-service.secretEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "integration-service.secretName" . }}
      key: {{ .Values.secret.keys.databaseUrl }}
{{- end }}

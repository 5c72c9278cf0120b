{{/* The release's name for every object, cut to what Kubernetes allows. */}}
{{- define "logpipe.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "logpipe.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component (agent or transfer); call with (dict "root" $ "component" "agent"). */}}
{{- define "logpipe.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "logpipe.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "logpipe.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "logpipe.credentialsSecret" -}}
{{- default (printf "%s-credentials" (include "logpipe.fullname" .)) .Values.credentials.existingSecret -}}
{{- end -}}

{{/* Extra INI keys of one section; call with (dict "config" .Values.agent.config "section" "kafka"). */}}
{{- define "logpipe.extraIni" -}}
{{- $lines := list -}}
{{- range $key, $value := (get .config .section | default dict) -}}
{{- $lines = append $lines (printf "%s = %v" $key $value) -}}
{{- end -}}
{{- join "\n" $lines -}}
{{- end -}}

{{/*
An env entry reading one key of the credentials Secret; call with
(dict "root" $ "name" "LOGAGENT_KAFKA_SASL_PASSWORD" "key" "kafka-agent-password" "value" .Values.credentials.kafkaAgentPassword).
With an existing Secret the key is optional (absent keys are not set); otherwise only given values are set.
*/}}
{{- define "logpipe.secretEnv" -}}
{{- if or .root.Values.credentials.existingSecret .value }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "logpipe.credentialsSecret" .root }}
      key: {{ .key }}
      optional: {{ if .root.Values.credentials.existingSecret }}true{{ else }}false{{ end }}
{{- end }}
{{- end -}}

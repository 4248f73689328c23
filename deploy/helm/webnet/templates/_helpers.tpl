{{- define "webnet.fullname" -}}
{{ .Release.Name }}-webnet
{{- end }}

{{- define "webnet.labels" -}}
app.kubernetes.io/name: webnet
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "webnet.secretName" -}}
{{ default (include "webnet.fullname" .) .Values.existingSecret }}
{{- end }}

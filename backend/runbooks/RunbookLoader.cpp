#include "RunbookLoader.h"

#include "RunbookInputs.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>

#include <yaml-cpp/yaml.h>

namespace ops {

const RunbookStep *Runbook::step(const QString &stepId) const
{
    for (const RunbookStep &s : steps)
        if (s.id == stepId)
            return &s;
    return nullptr;
}

namespace {

/** 0 for a node that is not in the document: yaml-cpp throws from Mark() on those. */
int lineOf(const YAML::Node &n) { return n.IsDefined() && n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

QString text(const YAML::Node &n) { return n.IsScalar() ? QString::fromStdString(n.Scalar()) : QString(); }

std::optional<double> durationSeconds(const QString &s) { return RunbookInputs::durationSeconds(s); }

/** Multi-line text (manual instructions) may hold LF; nothing else may hold a control character. */
bool hasControl(const QString &s) { return RunbookInputs::hasControl(s, true); }

/** Collects "file:line: message" errors while one runbook is read. */
class Reader
{
public:
    explicit Reader(QString file) : m_file(std::move(file)) {}

    QStringList errors;

    void error(int line, const QString &message) { errors << QStringLiteral("%1:%2: %3").arg(m_file).arg(line).arg(message); }
    void error(const YAML::Node &n, const QString &message) { error(lineOf(n), message); }

    /** The map's keys checked against @p allowed; false (and an error) when @p n is not a map. */
    bool fields(const YAML::Node &n, const QStringList &allowed, const QString &what)
    {
        if (!n.IsMap()) {
            error(n, QStringLiteral("%1 must be a map of fields").arg(what));
            return false;
        }
        for (const auto &kv : n) {
            const QString key = text(kv.first);
            if (!allowed.contains(key))
                error(kv.first, QStringLiteral("unknown field '%1' in %2 (allowed: %3)").arg(key, what, allowed.join(QStringLiteral(", "))));
        }
        return true;
    }
    QString scalar(const YAML::Node &parent, const char *key, const QString &what, bool required)
    {
        const YAML::Node n = parent[key];
        if (!n) {
            if (required)
                error(parent, QStringLiteral("%1 needs '%2'").arg(what, QLatin1String(key)));
            return {};
        }
        if (!n.IsScalar()) {
            error(n, QStringLiteral("'%1' in %2 must be a single value").arg(QLatin1String(key), what));
            return {};
        }
        const QString value = text(n);
        if (hasControl(value))
            error(n, QStringLiteral("'%1' in %2 holds a control character").arg(QLatin1String(key), what));
        return value;
    }

private:
    QString m_file;
};

const QStringList kStepKinds{QStringLiteral("check"), QStringLiteral("wait"), QStringLiteral("action"),
                             QStringLiteral("command"), QStringLiteral("manual"), QStringLiteral("branch")};

void readInputs(Reader &r, const YAML::Node &list, Runbook &rb)
{
    if (!list.IsSequence()) {
        r.error(list, QStringLiteral("'inputs' must be a list"));
        return;
    }
    static const QHash<QString, RunbookInput::Type> types{
        {QStringLiteral("string"), RunbookInput::Type::String},   {QStringLiteral("integer"), RunbookInput::Type::Integer},
        {QStringLiteral("number"), RunbookInput::Type::Number},   {QStringLiteral("boolean"), RunbookInput::Type::Boolean},
        {QStringLiteral("node"), RunbookInput::Type::Node},       {QStringLiteral("duration"), RunbookInput::Type::Duration}};
    for (const YAML::Node &n : list) {
        RunbookInput in;
        in.line = lineOf(n);
        if (!r.fields(n, {QStringLiteral("name"), QStringLiteral("type"), QStringLiteral("default"), QStringLiteral("required"),
                          QStringLiteral("description"), QStringLiteral("choices"), QStringLiteral("min"), QStringLiteral("max")},
                      QStringLiteral("an input")))
            continue;
        in.name = r.scalar(n, "name", QStringLiteral("an input"), true);
        static const QRegularExpression nameRe(QStringLiteral("^[a-z][a-z0-9_]*$"));
        if (!in.name.isEmpty() && !nameRe.match(in.name).hasMatch())
            r.error(n["name"], QStringLiteral("input name '%1': lower case letters, digits and _ only").arg(in.name));
        for (const RunbookInput &other : std::as_const(rb.inputs))
            if (!in.name.isEmpty() && other.name == in.name)
                r.error(n["name"], QStringLiteral("input '%1' is defined twice (first on line %2)").arg(in.name).arg(other.line));
        const QString type = r.scalar(n, "type", QStringLiteral("input '%1'").arg(in.name), true);
        if (!type.isEmpty() && !types.contains(type))
            r.error(n["type"], QStringLiteral("unknown input type '%1' (string, integer, number, boolean, node, duration)").arg(type));
        in.type = types.value(type, RunbookInput::Type::String);
        in.description = r.scalar(n, "description", QStringLiteral("an input"), false);
        const QString required = r.scalar(n, "required", QStringLiteral("an input"), false);
        if (!required.isEmpty() && required != QLatin1String("true") && required != QLatin1String("false"))
            r.error(n["required"], QStringLiteral("'required' must be true or false"));
        in.required = required == QLatin1String("true");
        if (n["choices"]) {
            if (!n["choices"].IsSequence())
                r.error(n["choices"], QStringLiteral("'choices' must be a list"));
            else
                for (const YAML::Node &c : n["choices"])
                    in.choices << text(c);
        }
        for (const char *bound : {"min", "max"}) {
            const QString v = r.scalar(n, bound, QStringLiteral("an input"), false);
            if (v.isEmpty())
                continue;
            bool ok = false;
            const double d = in.type == RunbookInput::Type::Duration ? durationSeconds(v).value_or(0) : v.toDouble(&ok);
            if (in.type == RunbookInput::Type::Duration)
                ok = durationSeconds(v).has_value();
            if (!ok || (in.type != RunbookInput::Type::Integer && in.type != RunbookInput::Type::Number && in.type != RunbookInput::Type::Duration))
                r.error(n[bound], QStringLiteral("'%1' of input '%2' must be a number of its type").arg(QLatin1String(bound), in.name));
            else
                (qstrcmp(bound, "min") == 0 ? in.min : in.max) = d;
        }
        if (n["default"]) {
            in.hasDefault = true;
            in.defaultText = r.scalar(n, "default", QStringLiteral("an input"), false);
            bool ok = true;
            switch (in.type) {
            case RunbookInput::Type::Integer: in.defaultText.toLongLong(&ok); break;
            case RunbookInput::Type::Number: in.defaultText.toDouble(&ok); break;
            case RunbookInput::Type::Boolean: ok = in.defaultText == QLatin1String("true") || in.defaultText == QLatin1String("false"); break;
            case RunbookInput::Type::Duration: ok = durationSeconds(in.defaultText).has_value(); break;
            default: break;
            }
            if (!ok)
                r.error(n["default"], QStringLiteral("default '%1' of input '%2' is not a %3").arg(in.defaultText, in.name, type));
            else if (!in.choices.isEmpty() && !in.choices.contains(in.defaultText))
                r.error(n["default"], QStringLiteral("default '%1' of input '%2' is not one of its choices").arg(in.defaultText, in.name));
        }
        rb.inputs << in;
    }
}

} // namespace

namespace {

RunbookExpression::Vocabulary vocabularyWith(const QList<RunbookInput> &inputs)
{
    RunbookExpression::Vocabulary v = RunbookLoader::vocabulary();
    for (const RunbookInput &in : inputs)
        v.insert(QStringLiteral("input.") + in.name,
                 in.type == RunbookInput::Type::Boolean                                          ? RunbookExpression::Type::Bool
                     : in.type == RunbookInput::Type::String || in.type == RunbookInput::Type::Node ? RunbookExpression::Type::String
                                                                                                  : RunbookExpression::Type::Number);
    return v;
}

RunbookExpression readExpression(Reader &r, const YAML::Node &n, const RunbookExpression::Vocabulary &vocabulary, const QString &what)
{
    if (!n || !n.IsScalar()) {
        r.error(n ? n : YAML::Node(), QStringLiteral("%1 needs an expression").arg(what));
        return {};
    }
    RunbookExpression::Error error;
    const RunbookExpression e = RunbookExpression::parse(text(n), &error);
    if (!error.isError())
        error = e.check(vocabulary);
    if (error.isError())
        r.error(n, QStringLiteral("%1: %2%3").arg(what, error.message,
                                                  error.column > 0 ? QStringLiteral(" (column %1 of the expression)").arg(error.column) : QString()));
    return e;
}

void checkInputReferences(Reader &r, const YAML::Node &n, const QString &value, const QList<RunbookInput> &inputs)
{
    static const QRegularExpression ref(QStringLiteral("\\$\\{([^}]*)\\}"));
    for (auto it = ref.globalMatch(value); it.hasNext();) {
        const QString name = it.next().captured(1);
        const bool known = name.startsWith(QLatin1String("inputs."))
            && std::any_of(inputs.cbegin(), inputs.cend(), [&](const RunbookInput &in) { return in.name == name.mid(7); });
        if (!known)
            r.error(n, QStringLiteral("'${%1}' names no input (write ${inputs.<name>})").arg(name));
    }
}

void readStepBody(Reader &r, const YAML::Node &n, const QString &kind, RunbookStep &s, const Runbook &rb)
{
    const YAML::Node body = n[kind.toStdString()];
    const RunbookExpression::Vocabulary vocabulary = vocabularyWith(rb.inputs);
    const QString what = QStringLiteral("step '%1'").arg(s.id);
    if (kind == QLatin1String("check")) {
        s.kind = RunbookStep::Kind::Check;
        s.expression = readExpression(r, body, vocabulary, what + QStringLiteral(" check"));
    } else if (kind == QLatin1String("wait")) {
        s.kind = RunbookStep::Kind::Wait;
        if (!r.fields(body, {QStringLiteral("until"), QStringLiteral("timeout"), QStringLiteral("interval")}, what + QStringLiteral(" wait")))
            return;
        s.expression = readExpression(r, body["until"], vocabulary, what + QStringLiteral(" wait until"));
        const QString timeout = r.scalar(body, "timeout", what + QStringLiteral(" wait"), true);
        const std::optional<double> t = durationSeconds(timeout);
        if (!timeout.isEmpty() && (!t || *t <= 0))
            r.error(body["timeout"], QStringLiteral("timeout '%1' is not a duration (30s, 2m, 500ms)").arg(timeout));
        s.timeoutSeconds = t.value_or(0);
        const QString interval = r.scalar(body, "interval", what + QStringLiteral(" wait"), false);
        if (!interval.isEmpty()) {
            const std::optional<double> i = durationSeconds(interval);
            if (!i || *i <= 0)
                r.error(body["interval"], QStringLiteral("interval '%1' is not a duration").arg(interval));
            s.intervalSeconds = i.value_or(1);
        }
    } else if (kind == QLatin1String("action")) {
        s.kind = RunbookStep::Kind::Action;
        if (!r.fields(body, {QStringLiteral("name"), QStringLiteral("params")}, what + QStringLiteral(" action")))
            return;
        s.action = r.scalar(body, "name", what + QStringLiteral(" action"), true);
        const QHash<QString, QStringList> actions = RunbookLoader::actions();
        if (!s.action.isEmpty() && !actions.contains(s.action)) {
            QStringList known = actions.keys();
            known.sort();
            r.error(body["name"], QStringLiteral("unknown action '%1' (%2)").arg(s.action, known.join(QStringLiteral(", "))));
            return;
        }
        const YAML::Node params = body["params"];
        if (params && r.fields(params, actions.value(s.action), QStringLiteral("the parameters of action '%1'").arg(s.action)))
            for (const auto &kv : params) {
                const QString value = kv.second.IsScalar() ? text(kv.second) : QString();
                if (!kv.second.IsScalar())
                    r.error(kv.second, QStringLiteral("parameter '%1' must be a single value").arg(text(kv.first)));
                checkInputReferences(r, kv.second, value, rb.inputs);
                s.params.insert(text(kv.first), value);
            }
    } else if (kind == QLatin1String("command")) {
        s.kind = RunbookStep::Kind::Command;
        if (!body.IsSequence() || body.size() == 0) {
            r.error(body, QStringLiteral("%1 command must be a list of words (argv), e.g. [INFO, replication]").arg(what));
            return;
        }
        for (const YAML::Node &w : body) {
            const QString word = text(w);
            if (!w.IsScalar() || hasControl(word))
                r.error(w, QStringLiteral("%1 command: each word a single value without control characters").arg(what));
            checkInputReferences(r, w, word, rb.inputs);
            s.command << word;
        }
        const QString one = s.command.value(0).toUpper();
        const QString two = one + QLatin1Char(' ') + s.command.value(1).toUpper();
        const QStringList allowed = RunbookLoader::allowedCommands();
        if (!allowed.contains(one) && !allowed.contains(two))
            r.error(body, QStringLiteral("%1 command '%2' is not a read-only command of the allow-list").arg(what, s.command.join(QLatin1Char(' '))));
    } else if (kind == QLatin1String("manual")) {
        s.kind = RunbookStep::Kind::Manual;
        s.instructions = body.IsScalar() ? text(body) : QString();
        if (s.instructions.trimmed().isEmpty())
            r.error(body, QStringLiteral("%1 manual needs the instructions as text").arg(what));
    } else {
        s.kind = RunbookStep::Kind::Branch;
        if (!r.fields(body, {QStringLiteral("if"), QStringLiteral("then"), QStringLiteral("else")}, what + QStringLiteral(" branch")))
            return;
        s.expression = readExpression(r, body["if"], vocabulary, what + QStringLiteral(" branch if"));
        s.onTrue = r.scalar(body, "then", what + QStringLiteral(" branch"), true);
        s.onFalse = r.scalar(body, "else", what + QStringLiteral(" branch"), true);
    }
}

void readSteps(Reader &r, const YAML::Node &list, Runbook &rb)
{
    if (!list.IsSequence() || list.size() == 0) {
        r.error(list, QStringLiteral("'steps' must be a non-empty list"));
        return;
    }
    QHash<QString, int> ids;
    QList<QPair<YAML::Node, RunbookStep>> branches;
    for (const YAML::Node &n : list) {
        RunbookStep s;
        s.line = lineOf(n);
        if (!r.fields(n, QStringList{QStringLiteral("id"), QStringLiteral("title")} + kStepKinds, QStringLiteral("a step")))
            continue;
        s.id = r.scalar(n, "id", QStringLiteral("a step"), true);
        static const QRegularExpression idRe(QStringLiteral("^[a-z0-9][a-z0-9-]*$"));
        if (!s.id.isEmpty() && !idRe.match(s.id).hasMatch())
            r.error(n["id"], QStringLiteral("step id '%1': lower case letters, digits and - only").arg(s.id));
        if (s.id == QLatin1String("end"))
            r.error(n["id"], QStringLiteral("'end' is reserved for branches"));
        // A missing id is reported above; two steps without one are not a duplicate (and n["id"]
        // is then no node: fuzz_runbook found the loader throwing out of parse() here).
        if (!s.id.isEmpty() && ids.contains(s.id))
            r.error(n["id"], QStringLiteral("step id '%1' is used twice (first on line %2)").arg(s.id).arg(ids.value(s.id)));
        if (!s.id.isEmpty())
            ids.insert(s.id, s.line);
        s.title = r.scalar(n, "title", QStringLiteral("step '%1'").arg(s.id), true);
        QStringList kinds;
        for (const QString &k : kStepKinds)
            if (n[k.toStdString()])
                kinds << k;
        if (kinds.size() != 1) {
            r.error(n, QStringLiteral("step '%1' needs exactly one of %2 (has %3)")
                           .arg(s.id, kStepKinds.join(QStringLiteral(", ")), kinds.isEmpty() ? QStringLiteral("none") : kinds.join(QStringLiteral(", "))));
            continue;
        }
        readStepBody(r, n, kinds.first(), s, rb);
        if (s.kind == RunbookStep::Kind::Branch)
            branches << qMakePair(n[kinds.first().toStdString()], s);
        rb.steps << s;
    }
    for (const auto &[node, s] : std::as_const(branches))
        for (const auto &[key, target] : {qMakePair("then", s.onTrue), qMakePair("else", s.onFalse)})
            if (!target.isEmpty() && target != QLatin1String("end") && !ids.contains(target))
                r.error(node[key], QStringLiteral("step '%1' branches to '%2': no such step").arg(s.id, target));
}

} // namespace

RunbookLoader::Result RunbookLoader::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {std::nullopt, {QStringLiteral("%1: cannot read: %2").arg(path, f.errorString())}};
    return parse(f.readAll(), path);
}

RunbookLoader::Result RunbookLoader::parse(const QByteArray &yaml, const QString &fileName)
{
    Reader r(fileName);
    YAML::Node root;
    try {
        root = YAML::Load(yaml.toStdString());
    } catch (const YAML::Exception &e) {
        r.error(e.mark.line + 1, QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(e.msg)));
        return {std::nullopt, r.errors};
    }
    Runbook rb;
    rb.file = fileName;
    if (!r.fields(root, {QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("when"), QStringLiteral("applies_to"),
                         QStringLiteral("inputs"), QStringLiteral("steps")},
                  QStringLiteral("a runbook")))
        return {std::nullopt, r.errors};
    rb.id = r.scalar(root, "id", QStringLiteral("a runbook"), true);
    static const QRegularExpression idRe(QStringLiteral("^[a-z0-9][a-z0-9-]*$"));
    if (!rb.id.isEmpty() && !idRe.match(rb.id).hasMatch())
        r.error(root["id"], QStringLiteral("runbook id '%1': lower case letters, digits and - only").arg(rb.id));
    rb.title = r.scalar(root, "title", QStringLiteral("a runbook"), true);
    rb.whenToUse = r.scalar(root, "when", QStringLiteral("a runbook"), false);
    const QString applies = r.scalar(root, "applies_to", QStringLiteral("a runbook"), true);
    if (applies == QLatin1String("sentinel"))
        rb.appliesTo = Runbook::AppliesTo::Sentinel;
    else if (applies == QLatin1String("cluster"))
        rb.appliesTo = Runbook::AppliesTo::Cluster;
    else if (applies == QLatin1String("both"))
        rb.appliesTo = Runbook::AppliesTo::Both;
    else if (!applies.isEmpty())
        r.error(root["applies_to"], QStringLiteral("applies_to '%1': sentinel, cluster or both").arg(applies));
    if (root["inputs"])
        readInputs(r, root["inputs"], rb);
    if (root["steps"])
        readSteps(r, root["steps"], rb);
    else
        r.error(root, QStringLiteral("a runbook needs 'steps'"));
    if (!r.errors.isEmpty())
        return {std::nullopt, r.errors};
    return {rb, {}};
}

RunbookExpression::Vocabulary RunbookLoader::vocabulary()
{
    using T = RunbookExpression::Type;
    return {{QStringLiteral("cluster.state"), T::String},          {QStringLiteral("cluster.slots_covered"), T::Number},
            {QStringLiteral("cluster.open_slots"), T::Number},     {QStringLiteral("cluster.masters"), T::Number},
            {QStringLiteral("cluster.failing_nodes"), T::Number},  {QStringLiteral("sentinel.count"), T::Number},
            {QStringLiteral("sentinel.quorum"), T::Number},        {QStringLiteral("sentinel.agree"), T::Bool},
            {QStringLiteral("sentinel.ckquorum"), T::Bool},        {QStringLiteral("sentinel.tilt"), T::Bool},
            {QStringLiteral("master.replicas_in_sync"), T::Number}, {QStringLiteral("replication.max_lag_seconds"), T::Number},
            {QStringLiteral("replication.max_lag_bytes"), T::Number}, {QStringLiteral("memory.max_used_share"), T::Number},
            {QStringLiteral("memory.max_fragmentation"), T::Number}, {QStringLiteral("nodes.down"), T::Number},
            {QStringLiteral("master.up"), T::Bool},                {QStringLiteral("master.address"), T::String},
            {QStringLiteral("sentinel.failover_running"), T::Bool}};
}

QHash<QString, QStringList> RunbookLoader::actions()
{
    return {{QStringLiteral("failover"), {QStringLiteral("master"), QStringLiteral("target"), QStringLiteral("mode")}},
            {QStringLiteral("reshard"), {QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("slots"), QStringLiteral("ranges")}},
            {QStringLiteral("rebalance"), {QStringLiteral("weights"), QStringLiteral("threshold"), QStringLiteral("use_empty_masters")}},
            {QStringLiteral("drain"), {QStringLiteral("node")}},
            {QStringLiteral("remove-node"), {QStringLiteral("node")}},
            {QStringLiteral("add-node"), {QStringLiteral("node"), QStringLiteral("replica_of")}},
            {QStringLiteral("fix"), {QStringLiteral("assign_empty_to")}}};
}

QStringList RunbookLoader::allowedCommands()
{
    return {QStringLiteral("PING"), QStringLiteral("INFO"), QStringLiteral("ROLE"), QStringLiteral("DBSIZE"),
            QStringLiteral("CLUSTER INFO"), QStringLiteral("CLUSTER NODES"), QStringLiteral("CLUSTER SHARDS"),
            QStringLiteral("CLUSTER SLOTS"), QStringLiteral("CLUSTER COUNTKEYSINSLOT"), QStringLiteral("CLUSTER MYID"),
            QStringLiteral("SENTINEL MASTERS"), QStringLiteral("SENTINEL MASTER"), QStringLiteral("SENTINEL REPLICAS"),
            QStringLiteral("SENTINEL SENTINELS"), QStringLiteral("SENTINEL CKQUORUM"), QStringLiteral("SENTINEL GET-MASTER-ADDR-BY-NAME"),
            QStringLiteral("CONFIG GET"), QStringLiteral("SLOWLOG GET"), QStringLiteral("SLOWLOG LEN"), QStringLiteral("LATENCY LATEST"),
            QStringLiteral("LATENCY DOCTOR"), QStringLiteral("MEMORY DOCTOR"), QStringLiteral("MEMORY STATS"), QStringLiteral("CLIENT LIST")};
}

} // namespace ops

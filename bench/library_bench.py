"""The library at scale (issue 13, "Fast at scale"): the family's status page, /learn/ and
its search, a coordinator's workspace, and a supervisor's export of a large case.

Usage (PostgreSQL; the script creates and fills its own database, navigator_library_bench):

    .venv/bin/python bench/library_bench.py --runs 20

Options: --articles 2000 (published in the six languages, a few KB of Markdown each),
--clients 20 (concurrent family clients), --export-mb 200 (reports on the exported case).

It prints, as the median of --runs whole Django requests (middleware, queries, template)
and as a ratio to a one-query view (/healthz) measured in the same run:

- the status page with one client, then under --clients concurrent clients (threads in
  this process, each with its own test client and database connection): requests per
  second and median; its size and number of queries;
- /learn/ and /learn/search/?q=treatment: time and size;
- the coordinator's workspace for the same case: time and size;

each first with the seed library (what the data migrations load) and then with the
bench's articles published too; and, for a case with --export-mb of stored reports, the
export's time to first byte, its whole time and its size. Nothing is asserted.

The bench's articles are made once (bulk inserts) and kept: a second run re-uses them.
For the seed-library figures they are archived, which hides them from every public read,
and published again for the rest. Reports go to a temporary upload root, deleted at the end.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchenv import use_production_settings  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/navigator_library_bench"
SEARCH_WORD = "treatment"
REPORT_MB = 10

# --- The bench's articles: realistic words in each of the six languages -----------------

LANGUAGES = ["en", "zh-hans", "es", "ar", "ru", "fr"]
AREAS = [["blood"], ["solid"], ["autoimmune"], ["blood", "solid"], []]  # [] is general

SUBJECTS = {
    "en": ["CAR-T therapy", "Clinical trials", "Stem cell transplant", "Donor lymphocytes",
           "Travelling for treatment", "Second opinions"],
    "zh-hans": ["CAR-T 治疗", "临床试验", "干细胞移植", "供者淋巴细胞", "异地就医", "第二诊疗意见"],
    "es": ["Terapia CAR-T", "Ensayos clínicos", "Trasplante de células madre",
           "Linfocitos de donante", "Viajar para recibir tratamiento", "Segundas opiniones"],
    "ar": ["علاج CAR-T", "التجارب السريرية", "زراعة الخلايا الجذعية", "الخلايا اللمفاوية من متبرع",
           "السفر من أجل العلاج", "الرأي الطبي الثاني"],
    "ru": ["CAR-T-терапия", "Клинические исследования", "Трансплантация стволовых клеток",
           "Донорские лимфоциты", "Поездка на лечение", "Второе мнение"],
    "fr": ["Thérapie CAR-T", "Essais cliniques", "Greffe de cellules souches",
           "Lymphocytes de donneur", "Voyager pour se soigner", "Deuxièmes avis"],
}  # fmt: skip
ASPECTS = {
    "en": ["what to expect", "questions to ask your team", "how the days are organised",
           "practical preparation", "common side effects", "who decides what"],
    "zh-hans": ["会经历什么", "可以问医疗团队的问题", "每天如何安排", "实际准备", "常见副作用",
                "由谁决定"],
    "es": ["qué esperar", "preguntas para su equipo", "cómo se organizan los días",
           "preparación práctica", "efectos secundarios frecuentes", "quién decide qué"],
    "ar": ["ما الذي يمكن توقعه", "أسئلة لفريقك الطبي", "كيف تُنظَّم الأيام", "التحضير العملي",
           "الآثار الجانبية الشائعة", "من يقرر ماذا"],
    "ru": ["чего ожидать", "вопросы лечащей команде", "как устроены дни",
           "практическая подготовка", "частые побочные эффекты", "кто что решает"],
    "fr": ["à quoi s'attendre", "questions à poser à l'équipe", "le déroulement des journées",
           "préparation pratique", "effets secondaires fréquents", "qui décide quoi"],
}  # fmt: skip
HEADINGS = {
    "en": ["What it is", "Before it starts", "During treatment", "Afterwards"],
    "zh-hans": ["这是什么", "开始之前", "治疗期间", "治疗之后"],
    "es": ["Qué es", "Antes de empezar", "Durante el tratamiento", "Después"],
    "ar": ["ما هو", "قبل البدء", "أثناء العلاج", "بعد ذلك"],
    "ru": ["Что это такое", "Перед началом", "Во время лечения", "После"],
    "fr": ["De quoi s'agit-il", "Avant de commencer", "Pendant le traitement", "Après"],
}
SENTENCES = {
    "en": [
        "The treating team explains each step before it happens, and you can ask them to "
        "repeat anything that was not clear.",
        "Many families keep a notebook of questions, dates and the names of the people they "
        "spoke to.",
        "Whether a treatment is possible is decided by the hospital after it has reviewed the "
        "complete medical records.",
        "Side effects differ from one person to another, and the team watches for them "
        "closely during the first weeks.",
        "Travel, accommodation and interpreters are practical matters worth arranging early, "
        "because they take time.",
        "A clinical trial has its own rules about who can take part, written in a document "
        "called the protocol.",
        "Reports from previous treatment help the new team understand what has already been "
        "tried and how it went.",
        "It is normal to feel tired for several weeks, and rest is part of recovery.",
    ],
    "zh-hans": [
        "治疗团队会在每一步开始前进行解释，如有不清楚的地方，您可以请他们再说明一次。",
        "许多家庭会准备一个笔记本，记录问题、日期以及交谈过的人员姓名。",
        "某种治疗是否可行，由医院在审阅完整病历后决定。",
        "副作用因人而异，治疗团队会在最初几周密切观察。",
        "交通、住宿和翻译都是需要提前安排的实际事项，因为这些都需要时间。",
        "每项临床试验都有自己的入组规则，写在一份称为试验方案的文件中。",
        "以往治疗的报告可以帮助新的团队了解已经尝试过哪些治疗以及效果如何。",
        "在数周内感到疲倦是正常的，休息也是康复的一部分。",
    ],
    "es": [
        "El equipo que le atiende explica cada paso antes de que ocurra, y puede pedirle que "
        "repita lo que no haya quedado claro.",
        "Muchas familias llevan un cuaderno con preguntas, fechas y los nombres de las "
        "personas con las que hablaron.",
        "Si un tratamiento es posible lo decide el hospital después de revisar la historia "
        "clínica completa.",
        "Los efectos secundarios varían de una persona a otra, y el equipo los vigila de cerca "
        "durante las primeras semanas.",
        "El viaje, el alojamiento y los intérpretes son asuntos prácticos que conviene "
        "organizar pronto, porque llevan tiempo.",
        "Un ensayo clínico tiene sus propias reglas sobre quién puede participar, escritas en "
        "un documento llamado protocolo.",
        "Los informes de tratamientos anteriores ayudan al nuevo equipo a entender qué se ha "
        "probado ya y cómo fue.",
        "Es normal sentirse cansado durante varias semanas, y el descanso forma parte de la "
        "recuperación.",
    ],
    "ar": [
        "يشرح الفريق المعالج كل خطوة قبل حدوثها، ويمكنك أن تطلب منهم إعادة أي شيء لم يكن واضحًا.",
        "تحتفظ عائلات كثيرة بدفتر للأسئلة والتواريخ وأسماء الأشخاص الذين تحدثت إليهم.",
        "تقرر المستشفى ما إذا كان العلاج ممكنًا بعد مراجعة السجلات الطبية الكاملة.",
        "تختلف الآثار الجانبية من شخص لآخر، ويراقبها الفريق عن كثب خلال الأسابيع الأولى.",
        "السفر والإقامة والمترجمون أمور عملية يحسن ترتيبها مبكرًا لأنها تستغرق وقتًا.",
        "لكل تجربة سريرية قواعدها الخاصة بشأن من يمكنه المشاركة، مكتوبة في وثيقة تسمى البروتوكول.",
        "تساعد تقارير العلاج السابق الفريق الجديد على فهم ما جُرّب من قبل وكيف كانت النتيجة.",
        "من الطبيعي الشعور بالتعب لعدة أسابيع، والراحة جزء من التعافي.",
    ],
    "ru": [
        "Лечащая команда объясняет каждый шаг заранее, и вы можете попросить повторить то, "
        "что осталось непонятным.",
        "Многие семьи ведут тетрадь с вопросами, датами и именами людей, с которыми они говорили.",
        "Возможно ли лечение, решает больница после изучения полной медицинской документации.",
        "Побочные эффекты у всех разные, и в первые недели команда внимательно за ними следит.",
        "Дорогу, жильё и переводчиков лучше организовать заранее: на это нужно время.",
        "У каждого клинического исследования свои правила участия, записанные в документе, "
        "который называется протоколом.",
        "Выписки о прежнем лечении помогают новой команде понять, что уже пробовали и каков "
        "был результат.",
        "Усталость в течение нескольких недель нормальна, и отдых входит в восстановление.",
    ],
    "fr": [
        "L'équipe soignante explique chaque étape avant qu'elle ait lieu, et vous pouvez lui "
        "demander de répéter ce qui n'était pas clair.",
        "Beaucoup de familles tiennent un carnet de questions, de dates et de noms des "
        "personnes à qui elles ont parlé.",
        "C'est l'hôpital qui décide si un traitement est possible, après avoir examiné le "
        "dossier médical complet.",
        "Les effets secondaires varient d'une personne à l'autre, et l'équipe les surveille de "
        "près pendant les premières semaines.",
        "Le voyage, le logement et les interprètes sont des questions pratiques à régler tôt, "
        "car elles prennent du temps.",
        "Un essai clinique a ses propres règles de participation, écrites dans un document "
        "appelé protocole.",
        "Les comptes rendus des traitements précédents aident la nouvelle équipe à comprendre "
        "ce qui a déjà été essayé et comment cela s'est passé.",
        "Il est normal d'être fatigué pendant plusieurs semaines, et le repos fait partie de "
        "la guérison.",
    ],
}


def bench_words(number: int) -> dict:
    """Article `number`'s language, title, summary and Markdown body (about 4 KB). Articles
    come in groups of six: an English original and its five translations."""
    group, language = divmod(number, len(LANGUAGES))
    language = LANGUAGES[language]
    rng = random.Random(group)  # the same choices in each language of the group
    subject = SUBJECTS[language][group % 6]
    aspect = ASPECTS[language][group // 6 % 6]
    sentences = SENTENCES[language]
    sections = []
    for heading in HEADINGS[language]:
        paragraphs = [
            " ".join(sentences[rng.randrange(len(sentences))] for _ in range(4)) for _ in range(2)
        ]
        sections.append(f"## {heading}\n\n" + "\n\n".join(paragraphs))
    return {
        "language": language,
        "title": f"{subject}: {aspect} ({group + 1})",
        "summary": sentences[group % len(sentences)],
        "body": "\n\n".join(sections) + "\n",
    }


def bench_slug(number: int) -> str:
    return f"bench-{number:05d}-{LANGUAGES[number % len(LANGUAGES)]}"


def seed_articles(count: int) -> None:
    """Insert the bench's articles that are missing (all of them on a first run), archived,
    in bulk: the content services would run the claims gate on every sentence."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from content.models import Article, ArticleRevision, Topic
    from content.searching import searchable_text

    wanted = {bench_slug(n): n for n in range(count)}
    have = set(Article.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    missing = [n for slug, n in wanted.items() if slug not in have]
    if not missing:
        print(f"bench articles: {count} already stored, re-used")
        return
    started = time.perf_counter()
    users = get_user_model().objects
    # The seed library's author and reviewer (content 0002): nobody can sign in to them.
    author = users.get(username="editorial-team")
    reviewer = users.get(username="medical-review-panel")
    topics = list(Topic.objects.order_by("order", "pk"))
    now = timezone.now()
    with transaction.atomic():
        words = {n: bench_words(n) for n in missing}
        articles = Article.objects.bulk_create(
            Article(
                slug=bench_slug(n),
                language=words[n]["language"],
                audience=Article.Audience.FAMILIES,
                condition_areas=AREAS[n // len(LANGUAGES) % len(AREAS)],
                status=Article.Status.ARCHIVED,
            )
            for n in missing
        )
        revisions = ArticleRevision.objects.bulk_create(
            ArticleRevision(
                article=article,
                number=1,
                title=words[n]["title"],
                summary=words[n]["summary"],
                body=words[n]["body"],
                author=author,
                reviewer=reviewer,
                reviewed_at=now,
                medical_reviewer=reviewer,
                medical_reviewed_at=now,
            )
            for n, article in zip(missing, articles, strict=True)
        )
        by_slug = dict(Article.objects.filter(slug__in=wanted).values_list("slug", "pk"))
        for n, article, revision in zip(missing, articles, revisions, strict=True):
            article.latest_revision = article.published_revision = revision
            article.search_text = searchable_text(
                title=revision.title, summary=revision.summary, body=revision.body
            )
            if words[n]["language"] != "en":  # a translation of its group's English original
                article.translation_of_id = by_slug[bench_slug(n - n % len(LANGUAGES))]
        Article.objects.bulk_update(
            articles,
            ["latest_revision", "published_revision", "translation_of", "search_text"],
            batch_size=500,
        )
        # One or two topics each, so /learn/ lists them under its topic headings.
        Filed = Article.topics.through
        Filed.objects.bulk_create(
            Filed(article=article, topic=topics[(n // len(LANGUAGES) + step) % len(topics)])
            for n, article in zip(missing, articles, strict=True)
            for step in ((0, 3) if n % 2 else (0,))
        )
    print(f"bench articles: {len(missing)} inserted in {time.perf_counter() - started:.1f} s")


def show_bench_articles(count: int, public: bool) -> int:
    """Publish the first `count` bench articles, or archive them all (hidden from every
    public read); return how many articles are public."""
    from django.db import connection

    from content.models import Article
    from content.selectors import published_articles

    bench = Article.objects.filter(slug__startswith="bench-")
    # Slugs are zero-padded: "bench-02000" sorts after each of the first 2,000 bench slugs,
    # and "bench-" before all of them. Rows already as wanted are left alone.
    cutoff = f"bench-{count:05d}" if public else "bench-"
    published, archived = Article.Status.PUBLISHED, Article.Status.ARCHIVED
    bench.filter(slug__lt=cutoff).exclude(status=published).update(status=published)
    bench.filter(slug__gte=cutoff).exclude(status=archived).update(status=archived)
    # Each switch leaves 2,000 dead rows and a table that grows from run to run, and a
    # larger table changes the search's plan: rewritten, it is as a fresh insert leaves it.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM FULL ANALYZE content_article")
        cursor.execute("ANALYZE content_articlerevision, content_article_topics")
    return published_articles().count()


# --- People and cases ------------------------------------------------------------------


def staff(username: str, make):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=username).first() or make(username)


def bench_case(email: str, language: str, coordinator):
    """The bench's case for `email` (made once, through the inquiry's own service),
    assigned to `coordinator`."""
    from cases.models import Case
    from tests.factories import make_intake, submit_case

    case = Case.objects.filter(submitter__email=email).first()
    if case is None:
        submitter = {**make_intake().submitter, "email": email, "preferred_language": language}
        case = submit_case(submitter=submitter)
    Case.objects.filter(pk=case.pk).update(coordinator=coordinator)
    case.refresh_from_db()
    return case


def store_reports(case, megabytes: int) -> int:
    """Replace the case's documents with `megabytes` of random 10 MB "reports", stored
    through the project's storage (random bytes do not compress: as real scans)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from core.uploads import report_upload_path
    from tests.factories import make_document

    case.documents.all().delete()  # last run's rows: their files went with its upload root
    count = max(1, round(megabytes / REPORT_MB))
    for number in range(count):
        data = os.urandom(REPORT_MB * 2**20)
        name = default_storage.save(report_upload_path(None, ""), ContentFile(data))
        make_document(case, file=name, original_name=f"scan-{number}.pdf", size=len(data))
    return count


# --- Timing -----------------------------------------------------------------------------


def timed(client, url: str, runs: int) -> tuple[list[float], int]:
    """Milliseconds for each of `runs` requests (after one to warm up), and the size."""
    response = client.get(url, secure=True)  # as behind TLS: debug is off here
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, secure=True)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times, len(response.content)


def query_count(client, url: str) -> int:
    """Queries one more (untimed) request makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url, secure=True)
    return len(queries)


def concurrent(url: str, clients: int, runs: int) -> tuple[float, float]:
    """`clients` threads, each with its own test client and database connection, ask for
    `url` `runs` times each, all at once: requests per second and median milliseconds."""
    from django.db import connection
    from django.test import Client

    start = threading.Barrier(clients + 1)
    times: list[float] = []
    lock = threading.Lock()

    def family():
        client = Client()
        client.get(url, secure=True)  # warm up: its own connection and cookies
        start.wait()
        mine = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url, secure=True)
            mine.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        with lock:
            times.extend(mine)
        connection.close()

    threads = [threading.Thread(target=family) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    assert len(times) == clients * runs, "a client failed (see its traceback above)"
    return len(times) / wall, statistics.median(times)


def first_byte_and_whole(client, url: str) -> tuple[float, float, int]:
    """Milliseconds to the first chunk of a streamed response and to its end, and its size."""
    started = time.perf_counter()
    response = client.get(url, secure=True)
    assert response.status_code == 200 and response.streaming, (url, response.status_code)
    chunks = iter(response.streaming_content)
    size = len(next(chunks))
    first = (time.perf_counter() - started) * 1000
    for chunk in chunks:
        size += len(chunk)
    whole = (time.perf_counter() - started) * 1000
    response.close()
    return first, whole, size


# --- The run ----------------------------------------------------------------------------


def load_average() -> str:
    return "load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def measure_pages(args, label: str, urls: dict, clients: dict, baseline: float) -> None:
    """The status page (one client, then many), /learn/, its search, the workspace."""
    print(f"\n{label}")
    for name, url in urls.items():
        times, size = timed(clients[name], url, args.runs)
        median = statistics.median(times)
        queries = query_count(clients[name], url)
        print(
            f"  {name:<28} median {median:6.1f} ms ({median / baseline:4.1f}x baseline), "
            f"{size / 1024:5.1f} KB, {queries} queries"
        )
    per_second, median = concurrent(urls["status page, one client"], args.clients, args.runs)
    name = f"status page, {args.clients} clients"
    print(
        f"  {name:<28} median {median:6.1f} ms "
        f"({median / baseline:4.1f}x baseline), {per_second:.1f} requests/s "
        f"({args.clients} threads x {args.runs} requests)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--export-mb", type=int, default=200)
    args = parser.parse_args()
    began = time.perf_counter()

    os.environ.pop("REDIS_URL", None)  # the baseline is one database query, nothing else
    os.environ["EMAIL_URL"] = "dummymail://"  # the bench cases' confirmation e-mails
    uploads = Path(tempfile.mkdtemp(prefix="navigator-library-bench-"))
    os.environ["NAVIGATOR_UPLOAD_ROOT"] = str(uploads)  # 200 MB of reports, not in the repo
    use_production_settings(DEFAULT_DB)
    try:
        run(args)
    finally:
        shutil.rmtree(uploads, ignore_errors=True)
    print(f"\nwhole run: {time.perf_counter() - began:.0f} s")


def run(args) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from intake import services as intake_services
    from tests.factories import coordinator, supervisor

    call_command("migrate", verbosity=0)
    seed_articles(args.articles)
    coord = staff("bench.coord", coordinator)
    boss = staff("bench.boss", lambda name: supervisor(name, email="boss@bench.invalid"))
    # A Spanish-speaking family with a blood cancer: its suggestions need the translations.
    case = bench_case("family@bench.invalid", "es", coord)
    token = intake_services.case_issue_status_link(case=case)

    print(load_average())
    family, coordinator_client, reader = Client(), Client(), Client()
    coordinator_client.force_login(coord)
    urls = {
        "status page, one client": f"/status/{token}/",
        "/learn/": "/learn/",
        f"/learn/search/?q={SEARCH_WORD}": f"/learn/search/?q={SEARCH_WORD}",
        "workspace (coordinator)": f"/cases/{case.reference}/",
    }
    clients = dict(zip(urls, (family, reader, reader, coordinator_client), strict=True))
    baseline = statistics.median(timed(Client(), "/healthz", args.runs)[0])
    print(f"baseline, /healthz (one query): median {baseline:.1f} ms")

    public = show_bench_articles(args.articles, public=False)
    measure_pages(
        args, f"with the seed library ({public} public articles)", urls, clients, baseline
    )
    public = show_bench_articles(args.articles, public=True)
    measure_pages(args, f"with {public} public articles", urls, clients, baseline)

    # The export: a case with --export-mb of reports (files in the page cache, as just
    # written), time to the first chunk and to the end of the zip.
    exported = bench_case("export@bench.invalid", "en", coord)
    reports = store_reports(exported, args.export_mb)
    exporter = Client()
    exporter.force_login(boss)
    url = f"/cases/{exported.reference}/export/"
    first_byte_and_whole(exporter, url)  # warm up
    runs = [first_byte_and_whole(exporter, url) for _ in range(args.runs)]
    first = statistics.median(r[0] for r in runs)
    whole = statistics.median(r[1] for r in runs)
    print(
        f"\nexport of a case with {reports} reports of {REPORT_MB} MB (random bytes), "
        f"{runs[0][2] / 2**20:.0f} MB zip:\n"
        f"  first byte median {first:7.1f} ms ({first / baseline:.1f}x baseline)\n"
        f"  whole zip  median {whole:7.1f} ms ({whole / baseline:.1f}x baseline)"
    )
    print(load_average())


if __name__ == "__main__":
    main()

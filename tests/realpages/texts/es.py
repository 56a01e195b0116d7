"""Artículos en español. Ficción escrita para este corpus: lugares, personas y cifras son inventados."""
from tests.realpages.model import Article

UI = {
    "site": "El Heraldo del Sur", "home": "Portada", "share": "Compartir", "more_from": "Más de",
    "read_next": "Te puede interesar", "most_read": "Lo más leído", "now_reading": "Estás leyendo:",
    "related": "Relacionadas", "advertisement": "Publicidad",
    "ad_text": "Cambia tu tarifa de luz y ahorra hasta 200 euros al año", "updated": "Actualizado",
    "banner": "Esta noticia se ha actualizado con la reacción del ayuntamiento.",
    "update": "Esta noticia se actualizó a las 18.40 con un comunicado de la diputación.",
    "by": "Por", "email": "Correo", "photo": "Foto: redacción", "app": "Descarga la app",
    "sections": ["Internacional", "España", "Economía", "Ciencia", "Cultura"], "sections_label": "Secciones",
    "footer": "© El Heraldo del Sur", "front_title": "Últimas noticias",
    "partner": "Diario de la Costa", "originally": "Este artículo se publicó originalmente en",
}

ARTICLES = [
    Article(
        slug="sequia-embalses", lang="es", section="España",
        headline="Los {t:embales|embalses} de la cuenca del Serrano caen por debajo del 20 %",
        corrected="Las lluvias de marzo devuelven el agua a la cuenca del Serrano",
        standfirst="La confederación hidrográfica estudia restricciones de riego para los agricultores de la vega.",
        byline="Lucía Fernández", date="2024-02-27",
        paras=(
            "Los embalses de la cuenca del Serrano almacenan esta semana solo el 19 % de su capacidad, el nivel "
            "más bajo desde que hay registros.",
            "La situación preocupa sobre todo en la vega. [[Los regantes podrían recibir este año menos de la "
            "mitad del agua {t:habitaul|habitual}.]] La decisión se tomará en marzo.",
            "{{En <a href=\"/es/espana/entrevista.html\">declaraciones a este periódico</a>, el presidente de la "
            "confederación afirmó que el consumo urbano <b>está garantizado</b> hasta el otoño}}{n:,aunque|, aunque} "
            "pidió ahorrar agua en los hogares.",
            "Entre las medidas previstas figuran:",
            "@list",
            "Las cooperativas advierten de que {n:muchso|muchos} cultivos ((de regadío)) no sobrevivirán a otra "
            "campaña seca.",
            "@figure",
            "La superficie de regadío en la vega se ha duplicado en veinte años.",
        ),
        items=("Cortes de riego nocturnos",
               "[[Ayudas para instalar goteo en los olivares]]",
               "Campañas de ahorro en los colegios"),
        caption="El embalse de Peñarrubia, con el fondo al descubierto. Alrededor, campos de regadío.",
        extra="Los técnicos calculan que las pérdidas en los cultivos de regadío superarán los 80 millones.",
    ),
    Article(
        slug="festival-cine", lang="es", section="Cultura",
        headline="El festival de cine de Almadén del Mar premia una ópera prima chilena",
        corrected="Una película argentina se lleva el Faro de Plata en Almadén del Mar",
        standfirst="La película, rodada con un presupuesto mínimo, se llevó también el premio del público.",
        byline="Javier Ortega", date="2024-10-14",
        paras=(
            "«Las horas quietas», primer largometraje de la directora Valentina Roa, ganó el sábado el Faro de "
            "Plata del festival de cine de Almadén del Mar.",
            "El jurado destacó su fotografía en blanco y negro. [[La cinta se rodó en solo diecinueve días con "
            "actores no {t:profesonales|profesionales}.]] Se estrenará en cines en enero.",
            "{{Según <a href=\"/es/cultura/jurado.html\">el presidente del jurado</a>, la película es <em>una "
            "lección de paciencia</em> para el cine comercial}}{n:,y|, y} merece llegar a un público amplio.",
            "El palmarés incluye:",
            "@list",
            "La directora dedicó el premio a su abuela {n:y y|y} a ((los vecinos del pueblo)) donde rodó la "
            "película.",
            "@figure",
            "Muchos de los vecinos del pueblo aparecen en la película como extras.",
        ),
        items=("[[Mejor dirección para un documental sobre pescadores]]",
               "Mejor actriz para Nora Quintana",
               "Premio del público para «Las horas quietas»"),
        caption="La directora Valentina Roa, con los vecinos del pueblo, tras recibir el premio.",
        extra="El ayuntamiento organizará una proyección gratuita para los vecinos del pueblo.",
        held=True,
    ),
    Article(
        slug="huelga-taxis", lang="es", section="Economía",
        headline="Los taxistas de Valdeluz convocan una huelga indefinida",
        corrected="Tregua en el taxi: el paro de Valdeluz se aplaza tras reunirse con el alcalde",
        standfirst="Protestan contra las nuevas licencias de vehículos de alquiler con conductor.",
        byline="Marta Gil", date="2024-11-05",
        paras=(
            "Las asociaciones de taxistas de Valdeluz han convocado una huelga indefinida a partir del lunes "
            "contra la concesión de 300 nuevas licencias de alquiler con conductor.",
            "La huelga afectará al aeropuerto y a la estación. [[Los servicios mínimos garantizarán el traslado "
            "de pacientes a los {t:hospitlaes|hospitales}.]] El ayuntamiento reforzará los autobuses.",
            "{{En <a href=\"/es/economia/taxi.html\">una asamblea celebrada el domingo</a>, los conductores "
            "votaron <b>por amplia mayoría</b> a favor del paro}}{n:,que|, que} podría durar semanas.",
            "Los taxistas exigen:",
            "@list",
            "El sector asegura que las licencias {n:nuevsa|nuevas} ((reducirán sus ingresos)) hasta un 30 %.",
            "@figure",
            "Un estudio de la universidad concluye que las licencias no reducirán sus ingresos de forma "
            "significativa.",
        ),
        items=("Un límite de una licencia de alquiler por cada diez taxis",
               "[[Controles de las plataformas en el aeropuerto]]",
               "Tarifas mínimas para los viajes largos"),
        caption="Taxis parados frente a la estación de Valdeluz.",
        extra="Los conductores más jóvenes temen que las licencias reducirán sus ingresos aún más.",
    ),
]

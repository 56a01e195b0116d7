"""Artigos em português. Ficção escrita para este corpus: lugares, pessoas e números são inventados."""
from tests.realpages.model import Article

UI = {
    "site": "Diário do Litoral", "home": "Início", "share": "Partilhar", "more_from": "Mais de",
    "read_next": "Leia também", "most_read": "Mais lidas", "now_reading": "A ler agora:", "related": "Relacionados",
    "advertisement": "Publicidade", "ad_text": "Mude de tarifário e poupe até 15 euros por mês",
    "updated": "Atualizado", "banner": "Esta notícia foi atualizada com a reação da câmara municipal.",
    "update": "Esta notícia foi atualizada às 18h40 com uma declaração do governo regional.",
    "by": "Por", "email": "Email", "photo": "Foto: redação", "app": "Descarregar a app",
    "sections": ["Mundo", "País", "Economia", "Ciência", "Cultura"], "sections_label": "Secções",
    "footer": "© Diário do Litoral", "front_title": "Últimas notícias",
    "partner": "Jornal da Serra", "originally": "Este artigo foi publicado originalmente pelo",
}

ARTICLES = [
    Article(
        slug="metro-linha-verde", lang="pt", section="País",
        headline="Nova linha de metro de Vila Formosa abre em setembro",
        corrected="Obras atrasadas: linha verde de Vila Formosa só em dezembro",
        standfirst="A linha verde terá nove estações e ligará o centro ao hospital em doze minutos.",
        byline="Ana Ribeiro", date="2024-06-03",
        paras=(
            "A nova linha verde do metro de Vila Formosa vai abrir ao público em setembro, anunciou esta "
            "segunda-feira a empresa concessionária.",
            "Os testes com passageiros começam em agosto. [[Os comboios vão circular de seis em seis minutos nas "
            "horas de {t:ponnta|ponta}.]] Ao fim de semana, a frequência será menor.",
            "{{Em <a href=\"/pt/pais/entrevista.html\">entrevista ao Diário</a>, o presidente da câmara garantiu "
            "que o bilhete <b>não vai aumentar</b> este ano}}{n:,apesar|, apesar} dos custos da obra.",
            "A nova linha inclui:",
            "@list",
            "Os moradores do bairro alto queixam-se do barulho {n:dass|das} obras ((durante a noite)), que duram "
            "há dois anos.",
            "@figure",
            "A empresa promete que os trabalhos durante a noite terminam em julho.",
        ),
        items=("Nove estações, quatro delas subterrâneas",
               "[[Um parque de estacionamento junto ao hospital]]",
               "Elevadores em todas as estações"),
        caption="A estação do Hospital, ainda em obras.",
        extra="A câmara recebeu mais de cem queixas sobre ruído durante a noite.",
    ),
    Article(
        slug="incendio-serra", lang="pt", section="País",
        headline="Incêndio na serra de Alvarinho obriga a retirar três aldeias",
        corrected="Bombeiros dão como controlado o fogo na serra de Alvarinho",
        standfirst="Mais de 400 bombeiros combatem as chamas; o vento forte dificulta os trabalhos.",
        byline="Miguel Santos", date="2024-07-29",
        paras=(
            "Um incêndio que deflagrou no sábado à tarde na serra de Alvarinho obrigou a retirar os habitantes de "
            "três aldeias durante a noite.",
            "As chamas avançaram rapidamente para sul. [[Os moradores foram levados para o pavilhão "
            "{t:munincipal|municipal} de Castro Novo.]] Ninguém ficou ferido.",
            "{{Segundo <a href=\"/pt/pais/protecao.html\">a proteção civil</a>, o fogo já consumiu <em>mais de "
            "dois mil hectares</em> de pinhal e mato}}{n:,e|, e} ameaça uma fábrica de resinas.",
            "As autoridades pedem à população que:",
            "@list",
            "Os bombeiros contam com o reforço de {n:quatros|quatro} ((meios aéreos)) desde domingo de manhã.",
            "@figure",
            "O governo prometeu mais meios aéreos para a próxima época de incêndios.",
        ),
        items=("Não circule nas estradas da serra",
               "[[Mantenha as janelas fechadas por causa do fumo]]",
               "Ligue para o 112 apenas em emergência"),
        caption="Meios aéreos a combater as chamas perto de Castro Novo.",
        extra="Espanha enviou também dois meios aéreos ao fim da tarde.",
    ),
]

<?xml version="1.0" encoding="utf-8"?>
<!--
  The member's Atom feed as a French page when it is opened in a browser (the feed carries an xml-stylesheet
  instruction pointing here). Same look as the other public pages: the style is templates/layout.html's, filled in
  by src/member-space/feed-style.ts. XSLT 1.0, the only version browsers run.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:a="http://www.w3.org/2005/Atom" exclude-result-prefixes="a">
<xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat" indent="no"/>

<xsl:template match="/">
<html lang="fr">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="robots" content="noindex, nofollow"/>
<meta name="referrer" content="no-referrer"/>
<title><xsl:value-of select="a:feed/a:title"/> · Veille financements</title>
<style>{{{style}}}</style>
</head>
<body>
<main>
  <div class="card">
    <h1><xsl:value-of select="a:feed/a:title"/></h1>
    <p>Cette page est votre flux Atom personnel : <xsl:value-of select="a:feed/a:subtitle"/></p>
    <p class="muted">Pour être prévenu·e de chaque nouvel appel, copiez l’adresse de cette page dans votre lecteur de flux (Thunderbird, Feedly, Inoreader, NetNewsWire…). Ce lien est personnel : ne le partagez pas.</p>
  </div>
  <div class="card">
    <xsl:choose>
      <xsl:when test="a:feed/a:entry">
        <h2>
          <xsl:value-of select="count(a:feed/a:entry)"/>
          <xsl:choose>
            <xsl:when test="count(a:feed/a:entry) &gt; 1"> appels correspondent à vos profils</xsl:when>
            <xsl:otherwise> appel correspond à vos profils</xsl:otherwise>
          </xsl:choose>
        </h2>
        <xsl:apply-templates select="a:feed/a:entry"/>
      </xsl:when>
      <xsl:otherwise>
        <p>Aucun appel ouvert ne correspond à vos profils pour le moment. Les prochains apparaîtront ici et dans votre lecteur de flux.</p>
      </xsl:otherwise>
    </xsl:choose>
  </div>
  <footer class="muted">Veille financements du réseau</footer>
</main>
</body>
</html>
</xsl:template>

<xsl:template match="a:entry">
  <div class="call">
    <strong>
      <xsl:choose>
        <xsl:when test="a:link[@rel = 'alternate']">
          <a href="{a:link[@rel = 'alternate']/@href}"><xsl:value-of select="a:title"/></a>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="a:title"/></xsl:otherwise>
      </xsl:choose>
    </strong>
    <span class="muted">Ajouté le <xsl:call-template name="day"><xsl:with-param name="iso" select="a:published"/></xsl:call-template></span>
    <xsl:choose>
      <!-- Firefox's XSLT (Transformiix) cannot unescape the entry's HTML: it gets the plain facts instead. -->
      <xsl:when test="system-property('xsl:vendor') = 'Transformiix'">
        <p class="muted">Financeur : <xsl:value-of select="a:author/a:name"/></p>
        <xsl:if test="a:summary"><p><xsl:value-of select="a:summary"/></p></xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <div><xsl:value-of select="a:content" disable-output-escaping="yes"/></div>
      </xsl:otherwise>
    </xsl:choose>
  </div>
</xsl:template>

<!-- 2026-11-27T08:00:00Z → 27/11/2026 -->
<xsl:template name="day">
  <xsl:param name="iso"/>
  <xsl:value-of select="concat(substring($iso, 9, 2), '/', substring($iso, 6, 2), '/', substring($iso, 1, 4))"/>
</xsl:template>

</xsl:stylesheet>

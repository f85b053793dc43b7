import { describe, expect, it } from 'vitest';
import { dateOfAdulthood, isInburgeringsplichtig, offerFor } from '../../src/domain/offer';

const TODAY = '2025-06-01';

describe('offer per target group (framework 2.1, 2.2, 8.1)', () => {
  it('asielstatushouder on bijstand gets every part of the offer', () => {
    // Act
    const offer = offerFor({
      targetGroup: 'asielstatushouder',
      onBijstand: true,
      ondertussengroep: false,
      today: TODAY,
    });

    // Assert
    expect(offer).toEqual({
      maatschappelijkeBegeleiding: true,
      ontzorgen: true,
      leerrouteOffer: true,
      alfabetisering: true,
      map: true,
      pvt: true,
      bredeIntake: true,
      pip: true,
    });
  });

  it('gezinsmigrant gets no ontzorgen, no maatschappelijke begeleiding and no leerroute offer', () => {
    // Act: even on bijstand
    const offer = offerFor({ targetGroup: 'gezinsmigrant', onBijstand: true, ondertussengroep: false, today: TODAY });

    // Assert
    expect(offer).toEqual({
      maatschappelijkeBegeleiding: false,
      ontzorgen: false,
      leerrouteOffer: false,
      alfabetisering: false,
      map: true,
      pvt: true,
      bredeIntake: true,
      pip: true,
    });
  });

  it('overige migrant gets the same offer as a gezinsmigrant', () => {
    const overige = offerFor({
      targetGroup: 'overige_migrant',
      onBijstand: true,
      ondertussengroep: false,
      today: TODAY,
    });
    const gezins = offerFor({ targetGroup: 'gezinsmigrant', onBijstand: true, ondertussengroep: false, today: TODAY });
    expect(overige).toEqual(gezins);
  });

  it('ontzorgen only for an asielstatushouder on bijstand', () => {
    const notOnBijstand = offerFor({
      targetGroup: 'asielstatushouder',
      onBijstand: false,
      ondertussengroep: false,
      today: TODAY,
    });
    expect(notOnBijstand.ontzorgen).toBe(false);
    expect(notOnBijstand.maatschappelijkeBegeleiding).toBe(true);
  });

  it('ondertussengroep keeps the offer of its target group but gets no ontzorgen (new-law scheme)', () => {
    const offer = offerFor({
      targetGroup: 'asielstatushouder',
      onBijstand: true,
      ondertussengroep: true,
      today: TODAY,
    });
    expect(offer.ontzorgen).toBe(false);
    expect(offer.leerrouteOffer).toBe(true);
    expect(offer.maatschappelijkeBegeleiding).toBe(true);
  });

  it('a minor gets no offer: not inburgeringsplichtig (8.1.1)', () => {
    // Arrange: turns 18 the day after today
    const birthDate = '2007-06-02';

    // Act
    const offer = offerFor({
      targetGroup: 'asielstatushouder',
      onBijstand: true,
      ondertussengroep: false,
      birthDate,
      today: TODAY,
    });

    // Assert
    expect(Object.values(offer).every((applies) => applies === false)).toBe(true);
  });

  it('minors (< 18) are not inburgeringsplichtig; 18 from the birthday on', () => {
    expect(isInburgeringsplichtig({ birthDate: '2007-06-02', today: '2025-06-01' })).toBe(false);
    expect(isInburgeringsplichtig({ birthDate: '2007-06-02', today: '2025-06-02' })).toBe(true);
  });

  it('the plicht can start on the 18th birthday (1 March for someone born on 29 Feb)', () => {
    expect(dateOfAdulthood('2007-06-02')).toBe('2025-06-02');
    expect(dateOfAdulthood('2008-02-29')).toBe('2026-03-01');
    expect(dateOfAdulthood('2004-02-29')).toBe('2022-03-01');
    expect(dateOfAdulthood('2006-02-28')).toBe('2024-02-28');
  });
});
